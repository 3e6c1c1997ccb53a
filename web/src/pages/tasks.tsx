/** Tasks: search by id, status, action, account, time range and prompt text; a page of results, kept fresh. */
import { useState, type FormEvent } from 'react';
import { listAccounts } from '../api/admin';
import { searchTasks } from '../api/tasks';
import { TASK_ACTIONS, TASK_STATUSES, type TaskQuery, type TaskStatus } from '../api/types';
import { ErrorNotice } from '../components/notice';
import { StatusBadge } from '../components/task-view';
import { useI18n } from '../i18n';
import { formatTime } from '../lib/format';
import { hrefOf } from '../lib/route';
import { usePolling } from '../lib/use-polling';
import { TaskDetail } from './task-detail';

const PAGE_SIZE = 20;
const POLL_MS = 5000;
const ACCOUNTS_POLL_MS = 30_000;

interface Filters {
  id: string;
  status: string;
  action: string;
  instanceId: string;
  from: string;
  to: string;
  prompt: string;
}
const NO_FILTERS: Filters = { id: '', status: '', action: '', instanceId: '', from: '', to: '', prompt: '' };

/** The form's text fields as the query's optional fields (datetime-local → epoch ms). */
function queryOf(filters: Filters, pageNumber: number): TaskQuery {
  const epoch = (value: string) => (value ? new Date(value).getTime() : undefined);
  return {
    pageNumber, pageSize: PAGE_SIZE,
    id: filters.id.trim() || undefined,
    status: (filters.status || undefined) as TaskStatus | undefined,
    action: filters.action || undefined,
    instanceId: filters.instanceId || undefined,
    prompt: filters.prompt.trim() || undefined,
    submitTimeStart: epoch(filters.from),
    submitTimeEnd: epoch(filters.to),
  };
}

function SearchForm({ onSearch }: { onSearch(filters: Filters): void }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState(NO_FILTERS);
  const accounts = usePolling(listAccounts, ACCOUNTS_POLL_MS);
  const set = (key: keyof Filters) => (event: { target: { value: string } }) => setFilters({ ...filters, [key]: event.target.value });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(filters);
  };
  return (
    <form className="card filters" role="search" aria-label={t('searchTasks')} onSubmit={submit}>
      <label>{t('taskId')}<input value={filters.id} onChange={set('id')} inputMode="numeric" /></label>
      <label>{t('status')}
        <select value={filters.status} onChange={set('status')}>
          <option value="">{t('any')}</option>
          {TASK_STATUSES.map((status) => <option key={status} value={status}>{status}</option>)}
        </select>
      </label>
      <label>{t('action')}
        <select value={filters.action} onChange={set('action')}>
          <option value="">{t('any')}</option>
          {TASK_ACTIONS.map((action) => <option key={action} value={action}>{action}</option>)}
        </select>
      </label>
      <label>{t('account')}
        <select value={filters.instanceId} onChange={set('instanceId')}>
          <option value="">{t('any')}</option>
          {accounts.data?.accounts.map((account) => <option key={account.id} value={account.id}>{account.remark || account.id}</option>)}
        </select>
      </label>
      <label>{t('submittedFrom')}<input type="datetime-local" value={filters.from} onChange={set('from')} /></label>
      <label>{t('submittedTo')}<input type="datetime-local" value={filters.to} onChange={set('to')} /></label>
      <label className="wide">{t('promptContains')}<input value={filters.prompt} onChange={set('prompt')} /></label>
      <div className="actions">
        <button type="submit" className="primary">{t('search')}</button>
        <button type="button" onClick={() => {
          setFilters(NO_FILTERS);
          onSearch(NO_FILTERS);
        }}>{t('reset')}</button>
      </div>
    </form>
  );
}

function TaskResults({ filters }: { filters: Filters }) {
  const { t } = useI18n();
  const [pageNumber, setPageNumber] = useState(0);
  const query = queryOf(filters, pageNumber);
  const results = usePolling(() => searchTasks(query), POLL_MS, JSON.stringify(query));
  const page = results.data;
  return (
    <section aria-label={t('searchResults')}>
      <ErrorNotice error={results.error} />
      {page && page.empty && <p className="muted" role="status">{t('noTasksFound')}</p>}
      {page && !page.empty && (
        <>
          <div className="table-wrap">
            <table className="tasks-table">
              <thead><tr>
                <th>{t('taskId')}</th><th>{t('action')}</th><th>{t('status')}</th><th>{t('progress')}</th>
                <th>{t('prompt')}</th><th>{t('account')}</th><th>{t('submitted')}</th>
              </tr></thead>
              <tbody>
                {page.content.map((task) => (
                  <tr key={task.id}>
                    <td data-label={t('taskId')}><a href={hrefOf('tasks', task.id)}>{task.id}</a></td>
                    <td data-label={t('action')}>{task.action}</td>
                    <td data-label={t('status')}><StatusBadge status={task.status} /></td>
                    <td data-label={t('progress')}>{task.progress}</td>
                    <td data-label={t('prompt')} className="ellipsis">{task.prompt}</td>
                    <td data-label={t('account')}>{task.properties.discordInstanceId ?? '—'}</td>
                    <td data-label={t('submitted')}>{formatTime(task.submitTime)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="pager" aria-label={t('pages')}>
            <button type="button" disabled={page.first} onClick={() => setPageNumber(pageNumber - 1)}>{t('previous')}</button>
            <span>{t('pageOf', { n: page.number + 1, total: Math.max(page.totalPages, 1), count: page.totalElements })}</span>
            <button type="button" disabled={page.last} onClick={() => setPageNumber(pageNumber + 1)}>{t('next')}</button>
          </nav>
        </>
      )}
    </section>
  );
}

export function TasksPage({ taskId }: { taskId: string }) {
  const { t } = useI18n();
  const [filters, setFilters] = useState(NO_FILTERS);
  const [searches, setSearches] = useState(0);
  if (taskId) return <TaskDetail id={taskId} />;
  return (
    <section aria-labelledby="tasks-title">
      <h1 id="tasks-title">{t('navTasks')}</h1>
      <SearchForm onSearch={(next) => {
        setFilters(next);
        setSearches(searches + 1);
      }} />
      <TaskResults key={searches} filters={filters} />
    </section>
  );
}
