/** MySQL 8 and MariaDB 10.11 through mysql2: `mysql://user:password@host:3306/database` (or `mariadb://`). */
import { MysqlDialect } from 'kysely';
import { createPool } from 'mysql2';
import { describeServerUrl, parseServerUrl, type OpenedDialect } from './engine.js';

const DEFAULT_PORT = 3306;
const POOL_SIZE = 10;

export function openMysqlDialect(url: string): OpenedDialect {
  // mysql2 reads the url itself; it only knows the mysql: spelling.
  const uri = url.replace(/^mariadb:/i, 'mysql:');
  const parsed = parseServerUrl('mysql', uri);
  const pool = createPool({ uri, connectionLimit: POOL_SIZE, charset: 'utf8mb4' });
  return {
    engine: 'mysql',
    dialect: new MysqlDialect({ pool }),
    description: describeServerUrl('mysql', parsed, DEFAULT_PORT),
  };
}
