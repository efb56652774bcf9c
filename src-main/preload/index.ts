// The whole bridge: `window.desk`, named functions derived from the contract. No raw
// invoke, ipcRenderer, shell or process reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { eventChannel } from '../ipc/contract';
import { buildDeskApi } from '../ipc/deskApi';

const desk = buildDeskApi({
  invoke: (channel, request) => ipcRenderer.invoke(channel, request),
  subscribe: (event, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
});

contextBridge.exposeInMainWorld('desk', desk);
