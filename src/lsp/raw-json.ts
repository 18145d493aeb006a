// Notification params already serialized (by the lint worker), written out without being parsed and
// serialized again on the main thread: for a document with 20,000 findings that would block requests
// for a hundred milliseconds or more.
import type { ContentTypeEncoder, Message } from "vscode-languageserver/node";

export class RawJson {
  constructor(readonly json: string) {}

  /** Any other serializer (the connection's trace, for one) still sees the value. */
  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** The connection's JSON encoder, splicing RawJson params in as they are. */
export const rawJsonEncoder: ContentTypeEncoder = {
  name: "application/json",
  encode(message: Message, options): Promise<Uint8Array> {
    const { method, params } = message as { method?: string; params?: unknown };
    const text =
      params instanceof RawJson && typeof method === "string"
        ? `{"jsonrpc":${JSON.stringify(message.jsonrpc)},"method":${JSON.stringify(method)},"params":${params.json}}`
        : JSON.stringify(message);
    return Promise.resolve(Buffer.from(text, options.charset));
  },
};
