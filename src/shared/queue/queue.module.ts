import { Global, Module } from '@nestjs/common';
import { JobQueue } from './job-queue';
import { LivenessLocks } from './liveness-locks';

@Global()
@Module({ providers: [JobQueue, LivenessLocks], exports: [JobQueue, LivenessLocks] })
export class QueueModule {}
