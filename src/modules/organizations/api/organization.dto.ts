import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';

export class ZendeskConnectionDto {
  // Either a subdomain (acme → https://acme.zendesk.com) or a full base URL.
  @ValidateIf((o: ZendeskConnectionDto) => !o.baseUrl)
  @IsString()
  @MaxLength(63)
  subdomain?: string;

  @ValidateIf((o: ZendeskConnectionDto) => !o.subdomain)
  @IsString()
  @MaxLength(2048)
  baseUrl?: string;

  @IsEmail()
  @MaxLength(320)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(512)
  apiToken: string;
}

export class CreateOrganizationDto {
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ValidateNested()
  @Type(() => ZendeskConnectionDto)
  zendesk: ZendeskConnectionDto;

  @IsString()
  @MinLength(16)
  @MaxLength(512)
  webhookSigningSecret: string;
}

export class UpdateSettingsDto {
  @IsOptional()
  @IsBoolean()
  assistEnabled?: boolean;

  @IsOptional()
  @IsBoolean()
  respondOnlyWithPotentialAnswers?: boolean;

  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9_\-:.\/]{1,80}$/i, { message: 'handoffTag must be a Zendesk tag (letters, digits, _-:./)' })
  handoffTag?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 30)
  dedupeWindowHours?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  signOff?: string;

  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(7 * 24 * 60)
  helpCenterSyncMinutes?: number;
}
