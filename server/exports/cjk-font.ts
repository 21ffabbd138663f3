/**
 * The font the bib sheet embeds: Noto Sans SC (SIL Open Font License 1.1; the npm package
 * @expo-google-fonts/noto-sans-sc ships the TrueType files and LICENSE_FONT). PDF's standard fonts have no
 * Chinese glyphs; this one has simplified and most traditional Chinese, Latin, digits and punctuation. pdfkit embeds
 * only the glyphs a document uses, so a sheet stays small. Each file (about 10 MB) is read once per process, from
 * the app's working directory (where `next start`, the CLI and the tests run). The paths are literal so the
 * build's file tracing finds exactly these two files.
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";

export type CjkWeight = "regular" | "bold";

const READ: Record<CjkWeight, () => Buffer> = {
  regular: () => readFileSync(path.join(process.cwd(), "node_modules/@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf")),
  bold: () => readFileSync(path.join(process.cwd(), "node_modules/@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf")),
};

const cache = new Map<CjkWeight, Buffer>();

/** The TrueType file of a weight. */
export function cjkFont(weight: CjkWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    font = READ[weight]();
    cache.set(weight, font);
  }
  return font;
}
