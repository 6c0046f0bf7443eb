import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { pageRequest, pageResponse, PageQueryDto } from '../../../shared/http/pagination';
import { AdminAuthGuard, CurrentPrincipal } from '../../organizations/api/admin-auth.guard';
import { actorOf, AdminPrincipal } from '../../organizations/domain/admin-principal';
import { TrainingAnswersService } from '../application/training-answers.service';
import { CreateTrainingAnswerDto, UpdateTrainingAnswerDto } from './training-answer.dto';

@ApiTags('knowledge')
@ApiBearerAuth()
@UseGuards(AdminAuthGuard)
@Controller('admin/organizations/:organizationId/training-answers')
export class TrainingAnswersController {
  constructor(private readonly trainingAnswers: TrainingAnswersService) {}

  @Post()
  create(
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Body() body: CreateTrainingAnswerDto,
    @CurrentPrincipal() principal: AdminPrincipal,
  ) {
    return this.trainingAnswers.create(organizationId, { ...body, createdBy: actorOf(principal) });
  }

  @Get()
  async list(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Query() query: PageQueryDto) {
    return pageResponse(await this.trainingAnswers.list(organizationId, pageRequest(query)));
  }

  @Get(':trainingAnswerId')
  get(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('trainingAnswerId', ParseUUIDPipe) id: string) {
    return this.trainingAnswers.get(organizationId, id);
  }

  @Patch(':trainingAnswerId')
  update(
    @Param('organizationId', ParseUUIDPipe) organizationId: string,
    @Param('trainingAnswerId', ParseUUIDPipe) id: string,
    @Body() body: UpdateTrainingAnswerDto,
  ) {
    return this.trainingAnswers.update(organizationId, id, body);
  }

  @Delete(':trainingAnswerId')
  @HttpCode(204)
  delete(@Param('organizationId', ParseUUIDPipe) organizationId: string, @Param('trainingAnswerId', ParseUUIDPipe) id: string) {
    return this.trainingAnswers.delete(organizationId, id);
  }
}
