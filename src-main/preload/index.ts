// Sandboxed preload: exposes `window.workbench` with one function per API method and an event
// subscription. The renderer never sees ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { METHODS } from '../contract/api';
import type { WorkbenchEvent } from '../contract/events';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../app/ipc-channels';

const api: Record<string, unknown> = {};
for (const method of METHODS) {
  api[method] = (request: unknown) => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, request);
}
api.onEvent = (callback: (event: WorkbenchEvent) => void) => {
  const listener = (_event: IpcRendererEvent, payload: WorkbenchEvent) => callback(payload);
  ipcRenderer.on(IPC_EVENT_CHANNEL, listener);
  return () => ipcRenderer.removeListener(IPC_EVENT_CHANNEL, listener);
};

contextBridge.exposeInMainWorld('workbench', api);
