/**
 * The renderer's single doorway to the shared IPC contract and menu table (types and constants only).
 * The lint rule that keeps Node and the `electron` package out of renderer/ also matches the folder name
 * `electron/`, so the two re-exports below are allowed explicitly: electron/ipc holds no runtime imports.
 */
// eslint-disable-next-line no-restricted-imports -- electron/ipc is the typed contract, not the electron package
export * from '../../electron/ipc/contract.ts';
// eslint-disable-next-line no-restricted-imports -- electron/ipc is the typed contract, not the electron package
export * from '../../electron/ipc/menu.ts';
