export declare function bundleExtension(options?: { outfile?: string; external?: string[] }): Promise<void>;
/** Runs tsc on editors/vscode; throws an Error holding tsc's report when it does not type-check. */
export declare function typeCheck(): void;
