export { createNotifier, type Notifier, type NotifierOptions, type NotifierStats } from './notifier.js';
