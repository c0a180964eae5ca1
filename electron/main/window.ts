/**
 * The main window: secure webPreferences, title with file name and unsaved mark, and the close handshake
 * (closing with unsaved changes asks Save / Don't Save / Cancel; "Save" asks the renderer to save first).
 */
import { BrowserWindow, dialog } from 'electron';
import { Events, type CloseRequest, type TitleState } from '../ipc/contract.ts';

/** Title bar text: `• name — Netsketch` when there are unsaved changes. */
export function windowTitle(state: TitleState, appName = 'Netsketch'): string {
  return `${state.dirty ? '• ' : ''}${state.fileName ?? 'Untitled'} — ${appName}`;
}

/** One window and its document state as reported by the renderer. */
export class AppWindow {
  readonly win: BrowserWindow;
  private title: TitleState = { fileName: null, dirty: false };
  private closeAllowed = false;
  private pendingClose: number | null = null;
  private nextRequestId = 1;

  constructor(opts: { preloadPath: string; icon?: string }) {
    this.win = new BrowserWindow({
      width: 1280,
      height: 800,
      minWidth: 720,
      minHeight: 480,
      show: false,
      title: windowTitle(this.title),
      backgroundColor: '#14161b',
      ...(opts.icon ? { icon: opts.icon } : {}),
      webPreferences: {
        preload: opts.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        spellcheck: false,
      },
    });
    this.win.once('ready-to-show', () => this.win.show());
    // The page sets document.title too; the title always comes from main.
    this.win.on('page-title-updated', (e) => e.preventDefault());
    this.win.on('close', (e) => {
      if (this.closeAllowed || !this.title.dirty) return;
      e.preventDefault();
      void this.askToSave();
    });
  }

  setTitleState(state: TitleState): void {
    this.title = state;
    this.win.setTitle(windowTitle(state));
    if (process.platform === 'darwin') this.win.setDocumentEdited(state.dirty);
  }

  private async askToSave(): Promise<void> {
    if (this.pendingClose !== null) return;
    const { response } = await dialog.showMessageBox(this.win, {
      type: 'warning',
      buttons: ['Save', "Don't Save", 'Cancel'],
      defaultId: 0,
      cancelId: 2,
      noLink: true,
      message: `Do you want to save the changes you made to ${this.title.fileName ?? 'Untitled'}?`,
      detail: "Your changes will be lost if you don't save them.",
    });
    if (response === 1) {
      this.closeAllowed = true;
      this.win.close();
    } else if (response === 0) {
      const request: CloseRequest = { requestId: this.nextRequestId++ };
      this.pendingClose = request.requestId;
      this.win.webContents.send(Events.closeRequested, request);
    }
  }

  /** The renderer's answer to a close request: close when it saved, stay open otherwise. */
  closeResponse(requestId: number, proceed: boolean): void {
    if (requestId !== this.pendingClose) return;
    this.pendingClose = null;
    if (proceed) {
      this.closeAllowed = true;
      this.win.close();
    }
  }
}
