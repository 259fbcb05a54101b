// Colour for the console, only where it helps (ok/FAILED/SKIPPED) and only when the stream can show it: Node's
// tty hasColors() honours NO_COLOR, NODE_DISABLE_COLORS, FORCE_COLOR and TERM=dumb, and a pipe or file never gets
// escape codes. util.styleText does the styling (no colour library needed).

import { styleText } from "node:util";

export type Colour = "green" | "red" | "yellow" | "bold" | "dim";

export interface ColourStream {
  isTTY?: boolean;
  hasColors?: () => boolean;
}

export function colourer(stream: ColourStream): (colour: Colour, text: string) => string {
  const on = stream.isTTY === true && typeof stream.hasColors === "function" && stream.hasColors();
  return on ? (colour, text) => styleText(colour, text) : (_colour, text) => text;
}
