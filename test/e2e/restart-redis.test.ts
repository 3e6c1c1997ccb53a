import { backendNamed } from '../store/backends.js';
import { restartScenario } from './restart-scenario.js';

restartScenario(backendNamed('redis'));
