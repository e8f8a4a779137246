import { contextBridge, ipcRenderer } from 'electron';
import { BRIDGE_KEY, IPC_CHANNEL, type JournalBridge } from '../../shared/api/bridge';

// The renderer's only way into the main process: one function, one channel, plain data.
const bridge: JournalBridge = {
  call(method, input, token) {
    if (typeof method !== 'string') throw new TypeError('method must be a string');
    return ipcRenderer.invoke(IPC_CHANNEL, method, input, typeof token === 'string' ? token : null);
  },
};
contextBridge.exposeInMainWorld(BRIDGE_KEY, bridge);
