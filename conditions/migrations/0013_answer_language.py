"""Each answer's language. Answers written before it get English, without guessing: the site was in
English only, every one of them was written in an English form, and a single ALTER with a constant
default is instant on PostgreSQL whatever the table's size, where recognising each text would make
the migration's time grow with the answers and its result depend on langdetect's version. A member can
correct their answer's language by editing it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('conditions', '0012_translations_copy_english'),
    ]

    operations = [
        migrations.AddField(
            model_name='answer',
            name='language',
            field=models.CharField(choices=[('en', 'English'), ('es', 'Spanish'), ('ca', 'Catalan'), ('fr', 'French'), ('it', 'Italian'), ('pt', 'Portuguese'), ('de', 'German'), ('other', 'Another language')], default='en', max_length=7, verbose_name='language'),
        ),
    ]
