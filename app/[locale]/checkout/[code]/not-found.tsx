import { OrderNotFound } from "../../../../components/public/registration/order-not-found";

export default function CheckoutNotFound() {
  return <OrderNotFound />;
}
