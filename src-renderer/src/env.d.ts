/// <reference types="vite/client" />
import type { DeskApi } from '../../src-main/ipc/contract';

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

declare global {
  interface Window {
    desk: DeskApi;
  }
}
