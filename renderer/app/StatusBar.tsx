/** Bottom bar: which shell, document state, shared-memory status and the last message. */
import type { DocumentState } from '../state/document-store.ts';
import type { SharedMemoryStatus } from './shared-memory.ts';

export interface StatusBarProps {
  platform: 'electron' | 'browser';
  document: DocumentState;
  message: string;
  sharedMemory: SharedMemoryStatus | null;
}

export function StatusBar({ platform, document, message, sharedMemory }: StatusBarProps) {
  const memory = sharedMemory === null ? 'checking…' : sharedMemory.sharedWithWorker ? 'available' : 'unavailable';
  return (
    <footer className="status-bar">
      <span data-testid="status-document">{document.dirty ? '• ' : ''}{document.fileName ?? 'Untitled'}</span>
      <span className="status-bar__message" role="status" data-testid="status-message">{message}</span>
      <span
        data-testid="status-shared-memory"
        data-state={sharedMemory === null ? 'pending' : sharedMemory.sharedWithWorker ? 'ok' : 'failed'}
        title={sharedMemory?.detail ?? ''}
      >
        Shared memory: {memory}
      </span>
      <span data-testid="status-platform">{platform === 'electron' ? 'Desktop' : 'Browser'}</span>
    </footer>
  );
}
