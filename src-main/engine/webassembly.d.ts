// The part of the WebAssembly JS API the engine uses (model/attention-cpu.ts). @types/node does
// not declare it (it comes with the DOM lib), and the Node-side tsconfig leaves the DOM out.
declare namespace WebAssembly {
  interface Memory {
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  class Instance {
    constructor(module: Module, imports?: Record<string, unknown>);
    readonly exports: Record<string, unknown>;
  }
}
