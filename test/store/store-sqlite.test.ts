import { backendNamed } from './backends.js';
import { storeSuite } from './store-suite.js';

storeSuite(backendNamed('sqlite'));
