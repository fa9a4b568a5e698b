/* The floor kubeconvert is measured against: a bare libyaml event loop over
 * the file, pulling every event and doing nothing else. usage: floor FILE */
#include <stdio.h>
#include <stdlib.h>
#include <yaml.h>

int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f)
        return 3;
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *buf = malloc((size_t)size + 1);
    if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
        return 3;
    fclose(f);
    yaml_parser_t parser;
    yaml_event_t event;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, buf, (size_t)size);
    size_t events = 0;
    for (;;) {
        if (!yaml_parser_parse(&parser, &event))
            return 3;
        int end = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        events++;
        if (end)
            break;
    }
    yaml_parser_delete(&parser);
    free(buf);
    printf("%zu\n", events);
    return 0;
}
