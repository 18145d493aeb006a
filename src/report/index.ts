import type { Reporter, StreamingReporterFactory } from "./types.js";

export const FORMATS = [
  "text",
  "json",
  "sarif",
  "github",
  "gitlab",
  "checkstyle",
  "compact",
  "junit",
  "sonarqube",
  "codeclimate",
  "gnu",
] as const;
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

/** The formats written file by file as the run goes; undefined for formats that need every file first. */
export async function loadStreamingReporter(format: Format): Promise<StreamingReporterFactory | undefined> {
  switch (format) {
    case "text":
      return (await import("./text.js")).textStream;
    case "json":
      return (await import("./json.js")).jsonStream;
    case "compact":
      return (await import("./formats.js")).compactStream;
    case "gnu":
      return (await import("./formats.js")).gnuStream;
    default:
      return undefined;
  }
}
