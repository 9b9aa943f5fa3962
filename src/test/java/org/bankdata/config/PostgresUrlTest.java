package org.bankdata.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {
    @Test
    void theLoginBeforeTheHostIsTakenOutOfTheUrl() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://keeper:p%40ss:w0rd@db.example:6543/bankdata?sslmode=require");
        assertThat(url.url()).isEqualTo("jdbc:postgresql://db.example:6543/bankdata?sslmode=require");
        assertThat(url.user()).isEqualTo("keeper");
        assertThat(url.password()).isEqualTo("p@ss:w0rd");
        assertThat(url.server()).isEqualTo("db.example:6543/bankdata");
        assertThat(url.toString()).doesNotContain("w0rd");
    }

    @Test
    void theLoginAmongTheParametersIsTakenOutAndTheOtherParametersKept() {
        PostgresUrl url = PostgresUrl.parse("jdbc:postgresql://h/db?user=u&password=a%26b&currentSchema=runs");
        assertThat(url.url()).isEqualTo("jdbc:postgresql://h/db?currentSchema=runs");
        assertThat(url.user()).isEqualTo("u");
        assertThat(url.password()).isEqualTo("a&b");
        assertThat(url.port()).isEqualTo(5432);

        PostgresUrl plain = PostgresUrl.parse("jdbc:postgresql://h:5433/db");
        assertThat(plain.url()).isEqualTo("jdbc:postgresql://h:5433/db");
        assertThat(plain.user()).isNull();
        assertThat(plain.password()).isNull();
        PostgresUrl userOnly = PostgresUrl.parse("jdbc:postgresql://keeper@h/db");
        assertThat(userOnly.user()).isEqualTo("keeper");
        assertThat(userOnly.password()).isNull();
        assertThat(userOnly.url()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void whatNamesNoDatabaseIsNotAUrl() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://u:pw@h")).isNull();
        assertThat(PostgresUrl.parse("jdbc:mysql://h/db")).isNull();
        assertThat(PostgresUrl.parse(null)).isNull();
    }
}
