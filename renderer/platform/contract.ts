/** The renderer's single doorway to the shared IPC contract and menu table (types and constants only). */
export * from '../../electron/ipc/contract.ts';
export * from '../../electron/ipc/menu.ts';
