import { contextBridge, ipcRenderer } from 'electron';

// The renderer's only way into the main process: one function, one channel, plain data.
contextBridge.exposeInMainWorld('journalBridge', {
  call(method: unknown, input: unknown, token: unknown) {
    if (typeof method !== 'string') throw new TypeError('method must be a string');
    return ipcRenderer.invoke('journal:call', method, input, typeof token === 'string' ? token : null);
  },
});
