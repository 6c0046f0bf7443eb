import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsController } from './api/organizations.controller';
import { OrganizationsService } from './application/organizations.service';
import { OrganizationRepository } from './application/ports/organization.repository';
import { OrganizationEntity } from './infrastructure/organization.entity';
import { TypeormOrganizationRepository } from './infrastructure/typeorm-organization.repository';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity])],
  controllers: [OrganizationsController],
  providers: [OrganizationsService, { provide: OrganizationRepository, useClass: TypeormOrganizationRepository }],
  exports: [OrganizationsService],
})
export class OrganizationsModule {}
