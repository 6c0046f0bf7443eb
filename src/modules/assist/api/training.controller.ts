import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { TrainingError, TrainingErrorCode } from '../domain/training.error';
import { AssistRecords } from '../application/ports/assist-records';
import { TrainingLinksService } from '../application/training-links.service';

// The signed link in every note. The page itself comes later; for now the suggestion as JSON.
@ApiTags('training')
@Controller('training')
export class TrainingController {
  constructor(
    private readonly links: TrainingLinksService,
    private readonly records: AssistRecords,
  ) {}

  @Get(':suggestionId')
  async show(@Param('suggestionId', ParseUUIDPipe) suggestionId: string, @Query('token') token = '') {
    const verdict = this.links.verify(suggestionId, token);
    if (verdict === 'expired') throw new TrainingError(TrainingErrorCode.LinkExpired, 'This training link has expired');
    if (verdict === 'invalid') throw new TrainingError(TrainingErrorCode.LinkInvalid, 'This training link is not valid');
    const suggestion = await this.records.findSuggestion(suggestionId);
    if (!suggestion) throw new TrainingError(TrainingErrorCode.SuggestionNotFound, 'This suggestion no longer exists');
    return {
      id: suggestion.id,
      ticketId: suggestion.ticketId,
      question: suggestion.question,
      reply: suggestion.reply,
      sources: suggestion.sources,
      sourced: suggestion.sourced,
      createdAt: suggestion.createdAt,
    };
  }
}
