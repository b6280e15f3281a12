import { bootstrapService, loadConfig } from '@stepwise/observability';
import { AppModule } from './app.module';
import { smsConfigSchema } from './config';

void bootstrapService(AppModule, { service: 'channel-sms', port: loadConfig(smsConfigSchema).HTTP_PORT });
