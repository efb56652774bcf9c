import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { createAppRouter } from './router';
import { startRenderer } from './startup';
import './styles/base.css';

const root = document.getElementById('app')!;
const app = createApp(App);
const router = createAppRouter();
const pinia = createPinia();
app.use(pinia).use(router);

void (async () => {
  await startRenderer(root, pinia, app);
  await router.isReady();
  // The app-ready signal e2e tests wait for, instead of sleeping.
  root.dataset['appState'] = 'ready';
})();
