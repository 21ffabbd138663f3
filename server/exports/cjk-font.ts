/**
 * The font the bib sheet embeds: Noto Sans SC (SIL Open Font License 1.1; the npm package
 * @expo-google-fonts/noto-sans-sc ships the TrueType files and LICENSE_FONT). PDF's standard fonts have no
 * Chinese glyphs; this one has simplified and most traditional Chinese, Latin, digits and punctuation. pdfkit embeds
 * only the glyphs a document uses, so a sheet stays small. Each file (about 10 MB) is read once per process.
 */
import "server-only";
import { readFileSync } from "node:fs";
import path from "node:path";

const PACKAGE_DIR = ["node_modules", "@expo-google-fonts", "noto-sans-sc"];

export const CJK_FONT_FILES = {
  regular: ["400Regular", "NotoSansSC_400Regular.ttf"],
  bold: ["700Bold", "NotoSansSC_700Bold.ttf"],
} as const;

export type CjkWeight = keyof typeof CJK_FONT_FILES;

const cache = new Map<CjkWeight, Buffer>();

/** The TrueType file of a weight (from the app's working directory, where `next start`, the CLI and tests run). */
export function cjkFont(weight: CjkWeight): Buffer {
  let font = cache.get(weight);
  if (!font) {
    // eslint-disable-next-line security/detect-non-literal-fs-filename -- the path is built from the constants above only
    font = readFileSync(path.join(process.cwd(), ...PACKAGE_DIR, ...CJK_FONT_FILES[weight]));
    cache.set(weight, font);
  }
  return font;
}
