import { Module } from '@nestjs/common';
import { MailController } from './mail.controller';
import { MailOutboxService } from './mail-outbox.service';
import { MailPageService } from './mail-page.service';
import { MailWorker } from './mail-worker';
import { MailRepository } from './mail.repository';

/**
 * Mail that arrives (docs/mail.md): the outbox other modules record mails in (inside their
 * transactions), the worker that sends them, the unsubscribe link and the outgoing-mail page.
 */
@Module({
  controllers: [MailController],
  providers: [MailRepository, MailOutboxService, MailPageService, MailWorker],
  exports: [MailOutboxService, MailRepository, MailWorker],
})
export class MailModule {}
