import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminApiKeysController } from './api/admin-api-keys.controller';
import { AdminAuthGuard } from './api/admin-auth.guard';
import { OrganizationsController } from './api/organizations.controller';
import { OrganizationsResolver } from './api/organizations.resolver';
import { AdminApiKeysService } from './application/admin-api-keys.service';
import { AdminAuthService } from './application/admin-auth.service';
import { OrganizationsService } from './application/organizations.service';
import { AdminApiKeyRepository } from './application/ports/admin-api-key.repository';
import { OrganizationRepository } from './application/ports/organization.repository';
import { OrganizationEntity } from './infrastructure/organization.entity';
import { PostgresAdminApiKeys } from './infrastructure/postgres-admin-api-keys';
import { TypeormOrganizationRepository } from './infrastructure/typeorm-organization.repository';

@Module({
  imports: [TypeOrmModule.forFeature([OrganizationEntity])],
  controllers: [OrganizationsController, AdminApiKeysController],
  providers: [
    OrganizationsService,
    AdminApiKeysService,
    AdminAuthService,
    AdminAuthGuard,
    OrganizationsResolver,
    { provide: OrganizationRepository, useClass: TypeormOrganizationRepository },
    { provide: AdminApiKeyRepository, useClass: PostgresAdminApiKeys },
  ],
  // The guard and the auth service protect every admin controller and resolver, in every module; the console
  // manages keys through the same service as the REST routes.
  exports: [OrganizationsService, AdminAuthService, AdminAuthGuard, AdminApiKeysService],
})
export class OrganizationsModule {}
