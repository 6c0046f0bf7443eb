import { DynamicModule, Global, Module } from '@nestjs/common';
import { SecretBox } from '../shared/crypto/secret-box';
import { AppConfig } from './app-config';

// Config and the key material derived from it, read once at boot and shared by every module.
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: SecretBox, useFactory: () => new SecretBox(config.secretsKey) },
      ],
      exports: [AppConfig, SecretBox],
    };
  }
}
