import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { useAppStore } from './stores/app';
import './styles/base.css';

const root = document.getElementById('app')!;
const app = createApp(App);
const router = createAppRouter();
app.use(createPinia()).use(router);

void (async () => {
  await useAppStore().load();
  app.mount(root);
  await router.isReady();
  // The app-ready signal e2e tests wait for, instead of sleeping.
  root.dataset['appState'] = 'ready';
})();
