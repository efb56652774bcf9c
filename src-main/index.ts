// The entry: starts the shell (src-main/shell/main.ts, the Electron binding); nothing else.
import './shell/main';
