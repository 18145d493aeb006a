import type { Reporter } from "./types.js";

export const FORMATS = ["text", "json", "sarif", "github", "gitlab", "checkstyle", "compact", "junit", "sonarqube"] as const;
export type Format = (typeof FORMATS)[number];

/** Reporters are loaded on demand: a text run never parses the SARIF code. */
export async function loadReporter(format: Format): Promise<Reporter> {
  switch (format) {
    case "text":
      return (await import("./text.js")).text;
    case "json":
      return (await import("./json.js")).json;
    case "sarif":
      return (await import("./sarif.js")).sarif;
    default:
      return (await import("./formats.js"))[format];
  }
}
