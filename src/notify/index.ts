export { createNotifier, notifyDefaultsOf, type HookOutbox, type Notifier, type NotifierOptions, type NotifierStats, type NotifyDefaults } from './notifier.js';
