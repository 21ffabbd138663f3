import "server-only";
import QRCode from "qrcode";

/** A pickup token as an SVG QR code in a data URL, for an <img> with alt text. */
export async function qrDataUrl(value: string): Promise<string> {
  const svg = await QRCode.toString(value, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}
