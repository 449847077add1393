package dev.lrsweep.driver.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

/**
 * A table of {@link CellTable} columns as one Parquet file, every column optional (null where a value is missing):
 * text as UTF-8 strings, doubles, 64-bit integers, booleans. It is written on the driver with Parquet's own writer
 * (the library Spark writes Parquet with), into the out dir as every other file, so that {@code spark.read.parquet}
 * reads a folder of sweeps' files whatever master ran them (Spark's DataFrame writer would write from the executors,
 * into folders of part files on their machines).
 */
final class ParquetTable {

    private ParquetTable() {
    }

    /** Writes {@code rows} under {@code columns} as a Parquet file of the message {@code name} to {@code out}. */
    static <R> void write(OutputStream out, String name, List<CellTable.Column<R>> columns, List<R> rows)
            throws IOException {
        Types.MessageTypeBuilder message = Types.buildMessage();
        for (CellTable.Column<R> column : columns) {
            switch (column.type()) {
                case STRING -> message.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                        .named(column.name());
                case DOUBLE -> message.optional(PrimitiveTypeName.DOUBLE).named(column.name());
                case LONG -> message.optional(PrimitiveTypeName.INT64).named(column.name());
                case BOOLEAN -> message.optional(PrimitiveTypeName.BOOLEAN).named(column.name());
            }
        }
        MessageType schema = message.named(name);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(stream(out)).withType(schema)
                .withConf(new Configuration(false)).build()) {
            for (R row : rows) {
                Group group = groups.newGroup();
                for (CellTable.Column<R> column : columns) {
                    Object value = column.value().apply(row);
                    if (value instanceof String text) {
                        group.add(column.name(), Binary.fromString(text));
                    } else if (value instanceof Double number) {
                        group.add(column.name(), number);
                    } else if (value instanceof Long number) {
                        group.add(column.name(), number);
                    } else if (value instanceof Boolean flag) {
                        group.add(column.name(), flag);
                    }
                }
                writer.write(group);
            }
        }
    }

    /** {@code out} as the file Parquet writes to; closing it leaves {@code out} open for its owner to close. */
    private static OutputFile stream(OutputStream out) {
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) {
                return new PositionOutputStream() {
                    private long position;

                    @Override
                    public long getPos() {
                        return position;
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        position++;
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        out.write(bytes, offset, length);
                        position += length;
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public void close() throws IOException {
                        out.flush();
                    }
                };
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) {
                return create(blockSizeHint);
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }
        };
    }
}
