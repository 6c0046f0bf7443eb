import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { homePage } from './home-page.view';

// The first thing a browser pointed at the service sees; every other unknown path stays a problem+json 404.
@ApiExcludeController()
@Controller()
export class HomeController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(): string {
    return homePage();
  }
}
