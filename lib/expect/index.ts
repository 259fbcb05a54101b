// Per-layer expectations, one module per layer: api, guest, manila, host (whitebox).

export * from "./api.js";
export * from "./guest.js";
export * from "./host.js";
export * from "./manila.js";
