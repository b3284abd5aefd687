export { BullMqJobQueue, type BullMqJobQueueOptions } from './bullmq-job-queue.js';
export { fromStoredJobId, toStoredJobId } from './job-ids.js';
export { assertRedisUrl, type JobsModuleOptions, jobsModule } from './module.js';
export { RedisRateLimiter } from './redis-rate-limiter.js';
export { RedisSlidingWindowStore } from './redis-sliding-window-store.js';
