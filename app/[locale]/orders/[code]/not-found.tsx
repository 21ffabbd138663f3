import { OrderNotFound } from "../../../../components/public/registration/order-not-found";

export default function OrderPageNotFound() {
  return <OrderNotFound />;
}
