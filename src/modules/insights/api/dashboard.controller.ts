import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { dashboardPage } from './dashboard-page.view';

// The insights dashboard's page. It holds no data, so it needs no auth: the browser asks the admin API for the
// numbers with the key the admin types in.
@ApiExcludeController()
@Controller('dashboard')
export class DashboardController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  show(): string {
    return dashboardPage();
  }
}
