import { Field, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
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
import { MAX_REQUESTS_PER_MINUTE, MIN_REQUESTS_PER_MINUTE } from '../../zendesk/domain/request-budget';
import { TicketStatus } from '../../zendesk/domain/ticket';
import { MAX_API_KEY_NAME_LENGTH } from '../domain/admin-api-key';
import {
  MAX_DEDUPE_WINDOW_HOURS,
  MAX_HELP_CENTER_SYNC_MINUTES,
  MAX_QUESTION_RETENTION_DAYS,
  MAX_SOLVED_TICKETS_LOOKBACK_DAYS,
  MAX_SIGN_OFF_LENGTH,
  NO_ASSIST_MATCHING,
  NoAssistMatching,
  NOTE_LANGUAGES,
  NoteLanguage,
  TICKET_STATUSES,
} from '../domain/organization';

// A Zendesk tag: letters, digits and _-:./, as Zendesk itself allows.
export const ZENDESK_TAG = /^[a-z0-9_\-:.\/]{1,80}$/i;

@InputType('ZendeskConnectionInput')
export class ZendeskConnectionDto {
  // Either a subdomain (acme → https://acme.zendesk.com) or a full base URL.
  @Field(() => String, { nullable: true })
  @ValidateIf((o: ZendeskConnectionDto) => !o.baseUrl)
  @IsString()
  @MaxLength(63)
  subdomain?: string;

  @Field(() => String, { nullable: true })
  @ValidateIf((o: ZendeskConnectionDto) => !o.subdomain)
  @IsString()
  @MaxLength(2048)
  baseUrl?: string;

  @Field(() => String)
  @IsEmail()
  @MaxLength(320)
  email: string;

  @Field(() => String)
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

// The PATCH body and the GraphQL `updateOrganization` input. The Zendesk connection is all-or-nothing, as
// on create: a new token comes with the address and email it belongs to.
@InputType('OrganizationChangesInput')
export class UpdateOrganizationDto {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @Field(() => ZendeskConnectionDto, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ZendeskConnectionDto)
  zendesk?: ZendeskConnectionDto;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MinLength(16)
  @MaxLength(512)
  webhookSigningSecret?: string;
}

// A setting may be left out (it stays as it is) but never sent as null: every setting has a value, and IsOptional
// would let a null through to a NOT NULL column (a 500).
const OmittableButNotNull = () => ValidateIf((_, value) => value !== undefined);

// The settings an admin may change: the PATCH body and the GraphQL `updateSettings` input.
@InputType('SettingsInput')
export class UpdateSettingsDto {
  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  assistEnabled?: boolean;

  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  respondOnlyWithPotentialAnswers?: boolean;

  @Field(() => String, { nullable: true })
  @OmittableButNotNull()
  @IsString()
  @Matches(ZENDESK_TAG, { message: 'handoffTag must be a Zendesk tag (letters, digits, _-:./)' })
  handoffTag?: string;

  @Field(() => Int, { nullable: true })
  @OmittableButNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_DEDUPE_WINDOW_HOURS)
  dedupeWindowHours?: number;

  @Field(() => String, { nullable: true })
  @OmittableButNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SIGN_OFF_LENGTH)
  signOff?: string;

  @Field(() => Int, { nullable: true })
  @OmittableButNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_HELP_CENTER_SYNC_MINUTES)
  helpCenterSyncMinutes?: number;

  @Field(() => [String], { nullable: true })
  @OmittableButNotNull()
  @IsArray()
  @ArrayMaxSize(TICKET_STATUSES.length)
  @ArrayUnique()
  @IsIn(TICKET_STATUSES, { each: true })
  actionableStatuses?: TicketStatus[];

  @Field(() => String, { nullable: true })
  @OmittableButNotNull()
  @IsIn(NOTE_LANGUAGES)
  noteLanguage?: NoteLanguage;

  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  guideWriteBack?: boolean;

  // Zendesk's requests per minute for the account's plan: Team 200, Growth/Professional 400 (the default),
  // Enterprise 700, High Volume add-on 2,500.
  @Field(() => Int, { nullable: true })
  @OmittableButNotNull()
  @IsInt()
  @Min(MIN_REQUESTS_PER_MINUTE)
  @Max(MAX_REQUESTS_PER_MINUTE)
  zendeskRequestsPerMinute?: number;

  // `strict` (the default) or `balanced`: how readily a ticket matches a no-assist topic.
  @Field(() => String, { nullable: true })
  @OmittableButNotNull()
  @IsIn(NO_ASSIST_MATCHING)
  noAssistMatching?: NoAssistMatching;

  // How long decisions keep the ticket's text and tags for the topic tester.
  @Field(() => Int, { nullable: true })
  @OmittableButNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_QUESTION_RETENTION_DAYS)
  questionRetentionDays?: number;

  // Sync the account's active shared macros into the knowledge base: cited as "Macro: <title>" and suggested.
  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  macrosEnabled?: boolean;

  // Personal macros and macros restricted to groups too.
  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  macrosIncludeRestricted?: boolean;

  // Ground drafts in solved tickets' answers (personal data removed before anything is stored).
  @Field(() => Boolean, { nullable: true })
  @OmittableButNotNull()
  @IsBoolean()
  solvedTicketsEnabled?: boolean;

  // How far back the first read of solved tickets goes, in days.
  @Field(() => Int, { nullable: true })
  @OmittableButNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_SOLVED_TICKETS_LOOKBACK_DAYS)
  solvedTicketsLookbackDays?: number;
}

export class CreateApiKeyDto {
  // What the key is for ("CI", "Support ops dashboard"), to recognise it in the list.
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_API_KEY_NAME_LENGTH)
  name: string;
}
