export declare function bundleExtension(options?: { outfile?: string; external?: string[] }): Promise<void>;
/** The bundled language server's path in the extension's directory. */
export declare const SERVER: string;
/** Bundles slimlint's language server (src/lsp/program.ts) into the extension, or into `outfile`. */
export declare function bundleServer(options?: { outfile?: string }): Promise<void>;
/** Runs tsc on editors/vscode; throws an Error holding tsc's report when it does not type-check. */
export declare function typeCheck(): void;
