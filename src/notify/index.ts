export { createNotifier, notifyDefaultsOf, type Notifier, type NotifierOptions, type NotifierStats, type NotifyDefaults } from './notifier.js';
