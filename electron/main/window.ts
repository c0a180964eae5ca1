/**
 * The main window: secure webPreferences, title with file name and unsaved mark, the close handshake
 * (closing with unsaved changes asks Save / Don't Save / Cancel; "Save" asks the renderer to save first), and
 * recovery from a crashed or hung page (offer to reload).
 */
import { BrowserWindow, dialog } from 'electron';
import { Events, type CloseRequest, type TitleState } from '../ipc/contract.ts';

/** Title bar text: `• name — Netsketch` when there are unsaved changes. */
export function windowTitle(state: TitleState, appName = 'Netsketch'): string {
  return `${state.dirty ? '• ' : ''}${state.fileName ?? 'Untitled'} — ${appName}`;
}

const GONE_REASONS: Record<string, string> = {
  oom: 'it ran out of memory',
  crashed: 'it crashed',
  killed: 'it was killed by the system',
  'abnormal-exit': 'it exited abnormally',
  'launch-failed': 'it could not start',
  'integrity-failure': 'its code failed an integrity check',
  'memory-eviction': 'the system reclaimed its memory',
};

/** Sentence for a `render-process-gone` reason. */
export function goneReason(reason: string): string {
  return GONE_REASONS[reason] ?? `of "${reason}"`;
}

/** One window and its document state as reported by the renderer. */
export class AppWindow {
  readonly win: BrowserWindow;
  private title: TitleState = { fileName: null, dirty: false };
  private closeAllowed = false;
  private pendingClose: number | null = null;
  private nextRequestId = 1;

  private url: string | null = null;
  /** Documents this window keeps recovery copies of; dropped when the window closes normally. */
  readonly recoveryDocuments = new Set<string>();
  private asking = false;

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
    this.win.webContents.on('render-process-gone', (_e, details) => {
      if (details.reason === 'clean-exit' || this.win.isDestroyed()) return;
      console.error(`Netsketch page process gone: ${details.reason} (exit code ${details.exitCode}).`);
      // The document lived in the dead page: nothing is left to save, so closing must not wait for it.
      const hadChanges = this.title.dirty;
      const kept = this.keepRecoveryCopies();
      this.setTitleState({ ...this.title, dirty: false });
      this.pendingClose = null;
      void this.offerReload(
        `The Netsketch window stopped because ${goneReason(details.reason)}.`,
        kept ? 'A recovery copy of your unsaved changes from a few seconds before was kept: reload to restore it, or restore it the next time you start Netsketch.'
          : hadChanges ? 'Changes made since the last save could not be kept.' : 'No unsaved changes were lost.',
        ['Reload', 'Close Window'],
      );
    });
    this.win.on('unresponsive', () => {
      const detail = this.recoveryDocuments.size > 0
        ? 'You can wait for it, or reload the window (changes since the last recovery copy, a few seconds ago, are lost; the copy is offered after the reload).'
        : 'You can wait for it, or reload the window (unsaved changes are lost).';
      void this.offerReload('Netsketch is not responding.', detail, ['Wait', 'Reload']);
    });
  }

  /** Loads the UI (remembered for reloads after a crash). */
  load(url: string): Promise<void> {
    this.url = url;
    return this.win.loadURL(url);
  }

  private async offerReload(message: string, detail: string, buttons: ['Reload', 'Close Window'] | ['Wait', 'Reload']): Promise<void> {
    if (this.asking || this.win.isDestroyed()) return;
    this.asking = true;
    try {
      const { response } = await dialog.showMessageBox(this.win, { type: 'error', buttons, defaultId: 0, cancelId: 0, noLink: true, message, detail });
      const choice = buttons[response];
      if (choice === 'Reload' && this.url) {
        this.keepRecoveryCopies();
        this.title = { fileName: null, dirty: false };
        this.win.setTitle(windowTitle(this.title));
        await this.win.loadURL(this.url);
      } else if (choice === 'Close Window') {
        this.closeAllowed = true;
        this.win.close();
      }
    } finally {
      this.asking = false;
    }
  }

  /**
   * The page that owned this window's recovery copies is gone (crashed, or reloaded while hung): they are no
   * longer deleted when the window closes, so the reloaded page, another window or the next launch can offer
   * them. Returns how many there were.
   */
  private keepRecoveryCopies(): number {
    const n = this.recoveryDocuments.size;
    this.recoveryDocuments.clear();
    return n;
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
