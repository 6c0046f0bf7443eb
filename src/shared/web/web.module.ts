import { Module } from '@nestjs/common';
import { HomeController } from './home.controller';

// The service's own pages, outside any feature module: the start page at /.
@Module({ controllers: [HomeController] })
export class WebModule {}
