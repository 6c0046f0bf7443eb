import { Module } from '@nestjs/common';
import { CommentClaims } from './application/ports/comment-claims';
import { PostgresCommentClaims } from './infrastructure/postgres-comment-claims';

@Module({
  providers: [{ provide: CommentClaims, useClass: PostgresCommentClaims }],
  exports: [CommentClaims],
})
export class DedupeModule {}
