/** The descriptions of submit answers and failure reasons, Chinese as in the originals or English. */
const WORDING = {
  submitted: ['提交成功', 'Submitted'],
  queued: ['排队中，前面还有{n}个任务', 'In queue, {n} task(s) ahead'],
  queueFull: ['队列已满，请稍后尝试', 'Queue is full, please try again later'],
  banned: ['可能包含敏感词', 'The prompt may contain a banned word'],
  modal: ['窗口等待', 'Waiting for window confirm'],
  noAccount: ['无可用的账号实例', 'No available account instance'],
  fastExhausted: ['账号的快速时长已用完，且设置为拒绝快速任务 (fastExhausted: refuse)', 'No account has fast hours left, and those out of them refuse fast work (fastExhausted: refuse)'],
  noMatchingAccount: ['没有符合 accountFilter 的账号实例', 'No account matches the accountFilter'],
  accountUnavailable: ['账号不可用: {id}', 'Account unavailable: {id}'],
  taskNotFound: ['关联任务不存在或已失效', 'The referenced task does not exist or has expired'],
  taskStatusWrong: ['关联任务状态错误', 'The referenced task is not in a state that allows this'],
  buttonNotFound: ['任务没有这个按钮: {id}', 'The task has no button with customId {id}'],
  buttonNotClickable: ['该按钮无法通过接口执行: {id}', 'This button cannot be clicked through the API: {id}'],
  notModal: ['任务不在等待窗口确认状态', 'The task is not waiting for a modal confirmation'],
  zoomRequired: ['prompt 需包含 --zoom 1~2，如 "cat --zoom 1.5"', 'prompt must carry --zoom between 1 and 2, e.g. "cat --zoom 1.5"'],
  maskRequired: ['maskBase64 不能为空', 'maskBase64 is required for Vary (Region)'],
  success: ['成功', 'Success'],
  cancelled: ['任务已取消', 'Task cancelled'],
  notCancellable: ['任务已结束，无法取消', 'The task has already ended'],
  seedUnavailable: ['该任务还没有可获取 seed 的图片', 'The task has no image whose seed can be fetched yet'],
  failure: ['提交失败，系统异常', 'Submit failed: system error'],
  timeout: ['任务超时（{minutes} 分钟没有进展）', 'Task timed out (no progress for {minutes} minutes)'],
  accountLocked: ['账号需要人工处理: {reason}', 'The account needs a human: {reason}'],
  accountStopped: ['账号已停止: {reason}', 'Account stopped: {reason}'],
  restartQueueFull: ['重启后队列已满', 'Queue full after restart'],
  restartLostJob: ['mj-proxy 已重启，演示模式的模拟 Discord 随之重启，任务已丢失', 'mj-proxy restarted and the demo simulator restarted with it: the job is gone'],
} as const;

export type WordingKey = keyof typeof WORDING;

export class Wording {
  constructor(private readonly english: boolean) {}

  say(key: WordingKey, params: Record<string, string | number> = {}): string {
    const template = WORDING[key][this.english ? 1 : 0];
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ''));
  }
}
