// A minimal Language Server Protocol client over stdio, for the end-to-end test and the latency bench.
import { spawn } from "node:child_process";

export class LspClient {
  constructor(command, args, options = {}) {
    this.proc = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], ...options });
    this.chunks = [];
    this.buffered = 0;
    this.wanted = 1;
    this.nextId = 1;
    this.pending = new Map();
    this.notifications = [];
    this.listeners = [];
    this.stderr = "";
    this.exited = new Promise((resolve) => this.proc.on("exit", (code) => resolve(code)));
    this.proc.stdout.on("data", (chunk) => this.onData(chunk));
    this.proc.stderr.on("data", (chunk) => (this.stderr += chunk));
  }

  onData(chunk) {
    // Chunks wait in a list until the message they belong to is complete: one copy per message, not per chunk.
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    while (this.buffered >= this.wanted) {
      const buffer = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
      this.chunks = [buffer];
      const headerEnd = buffer.indexOf("\r\n\r\n");
      if (headerEnd === -1) {
        this.wanted = buffer.length + 1;
        return;
      }
      const end = headerEnd + 4 + Number(/Content-Length: (\d+)/i.exec(buffer.subarray(0, headerEnd).toString())?.[1]);
      if (buffer.length < end) {
        this.wanted = end;
        return;
      }
      const message = JSON.parse(buffer.subarray(headerEnd + 4, end).toString("utf8"));
      const rest = buffer.subarray(end);
      this.chunks = rest.length > 0 ? [rest] : [];
      this.buffered = rest.length;
      this.wanted = 1;
      this.dispatch(message);
    }
  }

  dispatch(message) {
    if (message.id !== undefined && message.method === undefined) {
      this.pending.get(message.id)?.(message);
      this.pending.delete(message.id);
      return;
    }
    if (message.id !== undefined) {
      // A request from the server (registerCapability, showMessageRequest): accept it.
      this.send({ jsonrpc: "2.0", id: message.id, result: null });
    }
    const entry = { method: message.method, params: message.params, at: performance.now() };
    this.notifications.push(entry);
    for (const listener of [...this.listeners]) listener(entry);
  }

  /** Any message, well-formed or not (hostile-input tests send what no editor would). */
  send(message) {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.proc.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]));
  }

  request(method, params) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (message) =>
        message.error ? reject(Object.assign(new Error(message.error.message), { code: message.error.code })) : resolve(message.result),
      );
      this.send({ jsonrpc: "2.0", id, method, params });
    });
  }

  notify(method, params) {
    this.send({ jsonrpc: "2.0", method, params });
  }

  /** Several notifications in one write, as an editor sends a burst of keystrokes. */
  notifyAll(notifications) {
    const frames = notifications.map(([method, params]) => {
      const body = Buffer.from(JSON.stringify({ jsonrpc: "2.0", method, params }), "utf8");
      return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`), body]);
    });
    this.proc.stdin.write(Buffer.concat(frames));
  }

  /** The next notification of `method` matching `predicate` (already received ones after `since` count). */
  waitFor(method, predicate = () => true, timeoutMs = 10_000, since = this.notifications.length) {
    const seen = this.notifications.slice(since).find((n) => n.method === method && predicate(n.params));
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const listener = (n) => {
        if (n.method !== method || !predicate(n.params)) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((l) => l !== listener);
        resolve(n);
      };
      this.listeners.push(listener);
    });
  }

  /** A request's response time: from sending it to its answer (or error) arriving. */
  async timed(method, params) {
    const sent = performance.now();
    const settle = () => performance.now();
    const at = await this.request(method, params).then(settle, settle);
    return { sent, at };
  }

  /** Closes the server's standard input, as a client that goes away without `exit` does. */
  endInput() {
    this.proc.stdin.end();
  }

  kill() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill();
  }

  async shutdown() {
    await this.request("shutdown", null);
    this.notify("exit", null);
    return this.exited;
  }
}
