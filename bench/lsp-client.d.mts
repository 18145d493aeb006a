import type { SpawnOptions } from "node:child_process";

export interface Received {
  readonly method: string;
  readonly params: any;
  readonly at: number;
}

export declare class LspClient {
  constructor(command: string, args: readonly string[], options?: SpawnOptions);
  readonly notifications: Received[];
  readonly stderr: string;
  readonly exited: Promise<number | null>;
  /** Rejects with an Error carrying the response's error `code`. */
  request(method: string, params: unknown): Promise<any>;
  timed(method: string, params: unknown): Promise<{ sent: number; at: number }>;
  send(message: unknown): void;
  endInput(): void;
  kill(): void;
  notify(method: string, params: unknown): void;
  notifyAll(notifications: readonly (readonly [string, unknown])[]): void;
  waitFor(method: string, predicate?: (params: any) => boolean, timeoutMs?: number, since?: number): Promise<Received>;
  shutdown(): Promise<number | null>;
}
